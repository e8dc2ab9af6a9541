package io.github.muxsource.source.it;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A sink that appends to a named in-JVM queue (the MiniCluster runs in the test's JVM). */
final class CollectingSink implements Sink<String> {
    private static final Map<String, Queue<String>> QUEUES = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        QUEUES.put(name, new ConcurrentLinkedQueue<>());
    }

    static Queue<String> queue(String name) {
        return QUEUES.get(name);
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        Queue<String> queue = QUEUES.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(String element, Context context) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
