package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enumerator's word to a reader: the weights file now says {@code weights}. Sent on every
 * change and to every reader that registers (also after a failover), so a lane restored without the
 * latest weights gets them again; a lane that has them ignores it.
 *
 * @param version the enumerator's count of changes it has read, for logs
 * @param weights dataset name → weight, checked against the configuration
 */
@Internal
public record LiveWeightsEvent(long version, Map<String, Double> weights) implements SourceEvent {
    public LiveWeightsEvent {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
