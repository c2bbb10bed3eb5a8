package io.shardlake.app.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Every random choice of the demo data, from one seeded {@link Random}: the same seed and call order
 * give the same rows. Also decides which JSON documents come out malformed.
 */
final class DemoRandom {

    private final Random random;
    private final int malformedOneIn;

    /**
     * @param malformedOneIn about one JSON document in this many is truncated; 0 for never
     */
    DemoRandom(long seed, int malformedOneIn) {
        this.random = new Random(seed);
        this.malformedOneIn = malformedOneIn;
    }

    /** Uniform in {@code [min, max]}. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Uniform in {@code [min, max]}. */
    long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    /** Uniform in {@code [from, to]}, whole milliseconds. */
    Instant between(Instant from, Instant to) {
        return Instant.ofEpochMilli(between(from.toEpochMilli(), to.toEpochMilli()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Between {@code minCents} and {@code maxCents}, as a 2-decimal amount. */
    BigDecimal money(int minCents, int maxCents) {
        return BigDecimal.valueOf(between(minCents, maxCents), 2);
    }

    /** The document as JSON text; about one in {@code malformedOneIn} is cut short so it no longer parses. */
    String json(Object document) {
        String json = Json.write(document);
        if (malformedOneIn > 0 && random.nextInt(malformedOneIn) == 0) {
            int cut = between(1, json.length() - 1);
            if (Character.isHighSurrogate(json.charAt(cut - 1))) {
                cut--; // never split an emoji: utf8mb4 columns reject half a surrogate pair
            }
            return json.substring(0, cut);
        }
        return json;
    }
}
