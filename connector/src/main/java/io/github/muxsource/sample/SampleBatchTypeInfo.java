package io.github.muxsource.sample;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link SampleBatch}: its own serializer, never Kryo. */
@PublicEvolving
public final class SampleBatchTypeInfo extends TypeInformation<SampleBatch> {
    private static final long serialVersionUID = 1L;

    public static final SampleBatchTypeInfo INSTANCE = new SampleBatchTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<SampleBatch> getTypeClass() {
        return SampleBatch.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SampleBatch> createSerializer(SerializerConfig config) {
        return SampleBatchSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SampleBatch";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleBatchTypeInfo;
    }

    @Override
    public int hashCode() {
        return SampleBatchTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SampleBatchTypeInfo;
    }
}
