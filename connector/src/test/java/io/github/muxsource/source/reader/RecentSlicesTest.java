package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class RecentSlicesTest {
    private static List<Integer> contents(RecentSlices recent) {
        List<Integer> slices = new ArrayList<>();
        for (int i = 0; i < recent.size(); i++) {
            slices.add(recent.get(i));
        }
        return slices;
    }

    @Test
    void dropsTheLeastRecentlyUsed() {
        RecentSlices recent = new RecentSlices(3);
        assertThat(recent.add(10)).isEqualTo(RecentSlices.NONE);
        assertThat(recent.add(20)).isEqualTo(RecentSlices.NONE);
        assertThat(recent.add(30)).isEqualTo(RecentSlices.NONE);
        recent.use(10);
        assertThat(contents(recent)).containsExactly(20, 30, 10);
        assertThat(recent.add(40)).isEqualTo(20);
        recent.use(99); // not held: nothing changes
        assertThat(contents(recent)).containsExactly(30, 10, 40);
        recent.clear();
        assertThat(recent.size()).isZero();
    }

    /** The deque of boxed indices the lane used before, as the reference, over random use. */
    @Test
    void behavesAsTheDequeItReplaced() {
        Random random = new Random(7);
        RecentSlices recent = new RecentSlices(6);
        ArrayDeque<Integer> reference = new ArrayDeque<>();
        int drops = 0;
        for (int step = 0; step < 100_000; step++) {
            int slice = random.nextInt(20) * 1000; // beyond the Integer cache, as with many slices
            if (reference.contains(slice)) {
                recent.use(slice);
                reference.remove(slice);
                reference.addLast(slice);
            } else {
                int dropped = recent.add(slice);
                reference.addLast(slice);
                int expected = reference.size() > 6 ? reference.removeFirst() : RecentSlices.NONE;
                assertThat(dropped).isEqualTo(expected);
                drops += dropped == RecentSlices.NONE ? 0 : 1;
            }
            assertThat(contents(recent)).containsExactlyElementsOf(reference);
        }
        assertThat(drops).as("slices dropped, or the test proves nothing").isGreaterThan(1000);
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThatThrownBy(() -> new RecentSlices(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be >= 1, got 0");
    }
}
