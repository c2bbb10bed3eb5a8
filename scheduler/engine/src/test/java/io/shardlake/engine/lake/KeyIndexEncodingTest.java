package io.shardlake.engine.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyIndexEncodingTest {

    @Test
    void aDeltaDecodesToTheKeysAndTombstoneMarksInTheOrderWritten() {
        KeyDelta.Builder b = new KeyDelta.Builder();
        long[] keys = {5, 3, 1L << 60, -(1L << 60), 0, 3};
        boolean[] tombstones = {false, true, false, true, false, false};
        for (int i = 0; i < keys.length; i++) {
            b.add(keys[i], tombstones[i]);
        }
        List<String> decoded = new ArrayList<>();
        for (byte[] part : b.written(7).parts()) {
            KeyDelta.decode(part, (k, t) -> decoded.add(k + (t ? "x" : "")));
        }
        assertThat(decoded).containsExactly("5", "3x", (1L << 60) + "", -(1L << 60) + "x", "0", "3");
        assertThat(b.written(7).runSeq()).isEqualTo(7);
    }

    @Test
    void keysInPrimaryKeyOrderCostAboutNothingAndManyKeysSplitIntoParts() {
        KeyDelta.Builder b = new KeyDelta.Builder();
        int n = KeyDelta.PART_ENTRIES + 10;
        for (long k = 1; k <= n; k++) {
            b.add(k, false);
        }
        KeyDelta.Written w = b.written(1);
        assertThat(w.counts()).containsExactly(KeyDelta.PART_ENTRIES, 10);
        assertThat(w.parts().get(0).length).as("bytes for 262,144 consecutive keys").isLessThan(2_000);
        long[] sum = new long[1];
        w.parts().forEach(p -> KeyDelta.decode(p, (k, t) -> sum[0] += k));
        assertThat(sum[0]).isEqualTo((long) n * (n + 1) / 2);
    }

    @Test
    void aKeyOutsideTheIndexRangeIsRefusedAndACorruptPartIsNotReadAsKeys() {
        assertThatThrownBy(() -> new KeyDelta.Builder().add(Long.MAX_VALUE, false)).hasMessageContaining("outside ±2^61");
        assertThatThrownBy(() -> KeyDelta.decode(new byte[] {1, 2, 3}, (k, t) -> { })).hasMessageContaining("corrupt");
    }

    @Test
    void changesApplyInOrderTheLastChangeOfAKeyWinning() {
        LiveKeys keys = LiveKeys.of(1, 2, 3, 10);
        LiveKeys.Changes changes = new LiveKeys.Changes();
        changes.add(2, true);   // deleted
        changes.add(4, false);  // inserted
        changes.add(4, true);   // ... then deleted
        changes.add(10, true);  // deleted
        changes.add(10, false); // ... then back
        changes.add(0, false);

        LiveKeys after = keys.apply(changes);

        assertThat(toList(after)).containsExactly(0L, 1L, 3L, 10L);
        assertThat(toList(LiveKeys.decode(after.encode()))).containsExactly(0L, 1L, 3L, 10L);
    }

    @Test
    void aMillionRandomChangesGiveTheSameSetAsAReferenceSet() {
        Random random = new Random(42);
        java.util.TreeSet<Long> reference = new java.util.TreeSet<>();
        LiveKeys.Changes changes = new LiveKeys.Changes();
        for (int i = 0; i < 1_000_000; i++) {
            long k = random.nextInt(200_000);
            boolean tombstone = random.nextInt(4) == 0;
            changes.add(k, tombstone);
            if (tombstone) {
                reference.remove(k);
            } else {
                reference.add(k);
            }
        }
        assertThat(toList(LiveKeys.empty().apply(changes))).containsExactlyElementsOf(reference);
    }

    private static List<Long> toList(LiveKeys keys) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(keys.get(i));
        }
        return out;
    }
}
