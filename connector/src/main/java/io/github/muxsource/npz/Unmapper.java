package io.github.muxsource.npz;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Releases a mapping at once instead of when the garbage collector finds its buffer: a reader that
 * opens and closes thousands of shards would otherwise run into the kernel's {@code
 * vm.max_map_count} (65,530 by default) between collections. Uses {@code
 * sun.misc.Unsafe.invokeCleaner}, as Lucene's {@code MMapDirectory} does; where it is missing, the
 * collector unmaps as before. The caller guarantees nothing reads the buffer afterwards.
 */
final class Unmapper {
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method method = null;
        Object unsafe = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            method = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            method = null;
        }
        INVOKE_CLEANER = method;
        UNSAFE = unsafe;
    }

    private Unmapper() {}

    static void unmap(ByteBuffer mapped) {
        if (INVOKE_CLEANER == null || mapped == null || !mapped.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, mapped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the garbage collector.
        }
    }
}
