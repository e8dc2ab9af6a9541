package io.github.muxsource.sample;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link Sample}: its own serializer, never Kryo. */
@PublicEvolving
public final class SampleTypeInfo extends TypeInformation<Sample> {
    private static final long serialVersionUID = 1L;

    public static final SampleTypeInfo INSTANCE = new SampleTypeInfo();

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
    public Class<Sample> getTypeClass() {
        return Sample.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Sample> createSerializer(SerializerConfig config) {
        return SampleSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Sample";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleTypeInfo;
    }

    @Override
    public int hashCode() {
        return SampleTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SampleTypeInfo;
    }
}
