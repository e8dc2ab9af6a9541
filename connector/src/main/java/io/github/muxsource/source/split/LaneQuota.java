package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * How a lane takes its share of any record count of the source ({@code maxRecords}, a weight
 * schedule's steps): of {@code n} records, {@code floor(n·upTo/total) − floor(n·before/total)}.
 * Lanes that never end have {@code (l, l+1, lanes)}, equal shares; lanes that make one pass have
 * the rows of the lanes before them, theirs included, and all rows (see {@code LaneQuotas}).
 *
 * @param before capacity of the lanes before this one
 * @param upTo capacity of the lanes up to and including this one
 * @param total capacity of all lanes
 */
@Internal
public record LaneQuota(long before, long upTo, long total) implements Serializable {
    public LaneQuota {
        if (before < 0 || upTo < before || total < upTo) {
            throw new IllegalArgumentException(
                    "a lane quota needs 0 <= before <= upTo <= total, got "
                            + before
                            + ", "
                            + upTo
                            + ", "
                            + total);
        }
    }

    /** The equal share of lane {@code lane} of {@code lanes}. */
    public static LaneQuota equal(int lane, int lanes) {
        return new LaneQuota(lane, lane + 1L, lanes);
    }

    /**
     * What lane {@code lane} of {@code lanes} holds of {@code n} rows dealt one at a time from lane
     * 0 on, the order in which discovered rows are dealt: also a monitored lane's share of {@code
     * maxRecords}, so that its share is there once {@code maxRecords} rows were dealt.
     */
    public static long dealt(long n, int lane, int lanes) {
        return n / lanes + (lane < n % lanes ? 1 : 0);
    }

    /** This lane's share of {@code n} records of the source. */
    public long share(long n) {
        return upToRecords(n, upTo) - upToRecords(n, before);
    }

    private long upToRecords(long n, long capacity) {
        if (total == 0) {
            return 0;
        }
        return BigInteger.valueOf(n)
                .multiply(BigInteger.valueOf(capacity))
                .divide(BigInteger.valueOf(total))
                .longValueExact();
    }
}
