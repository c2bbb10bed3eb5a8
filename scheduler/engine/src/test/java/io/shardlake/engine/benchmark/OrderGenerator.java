package io.shardlake.engine.benchmark;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * The rows of one benchmark shard, the same for the same shard, size and {@code end}, shaped like
 * a production orders table whose old rows keep being updated: {@code updated_at} is uniform over
 * the {@link #UPDATE_SPAN} before {@code end} and independent of {@code id}, so the cursor index
 * {@code (updated_at, id)} and the primary key order the rows differently. Orders are created
 * evenly over the {@link #CREATE_SPAN} before that, ids rising with creation time, so every row is
 * created before it is last updated. Every timestamp is before {@code end}. Notes mix ASCII and
 * multi-byte UTF-8 and are NULL in about one row in five; the JSON payload holds a customer object
 * {@code {id, tier, country, segment}} and 1-5 items.
 */
final class OrderGenerator {

    static final Duration UPDATE_SPAN = Duration.ofDays(30);
    static final Duration CREATE_SPAN = Duration.ofDays(60);

    /** One source row; amount as its exact decimal text. */
    record Order(long id, long customerId, String status, String amount, String currency, String note, String payload,
                 LocalDateTime createdAt, LocalDateTime updatedAt) {
    }

    private static final String[] STATUSES = {"placed", "paid", "paid", "shipped", "shipped", "delivered", "cancelled", "refunded"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "USD", "USD", "GBP", "BRL", "JPY"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "BR", "JP", "ES", "IT", "NL", "PL", "SE", "MX"};
    private static final String[] SEGMENTS = {"consumer", "consumer", "small_business", "enterprise"};
    private static final String[] CHANNELS = {"web", "ios", "android", "store"};
    private static final String[] WORDS = {"please", "deliver", "after", "5pm", "gift", "wrap", "leave", "at", "door",
            "Grüße", "ünïcødé", "naïve", "café", "東京", "配達", "спасибо", "🚀", "🎁", "fragile", "call", "first"};

    private final SplittableRandom random;
    private final long idBase;
    private final long rows;
    private final LocalDateTime updatesStart;
    private final LocalDateTime createsStart;
    private final long createStepMillis;
    private long next;

    /** {@code end}: every row is created and last updated before it. */
    OrderGenerator(int shardNumber, long rows, LocalDateTime end) {
        this.random = new SplittableRandom(0x5eedL * 31 + shardNumber);
        this.idBase = shardNumber * 1_000_000_000L;
        this.rows = rows;
        this.updatesStart = end.minus(UPDATE_SPAN);
        this.createsStart = updatesStart.minus(CREATE_SPAN);
        this.createStepMillis = Math.max(1, CREATE_SPAN.toMillis() / Math.max(1, rows));
    }

    boolean hasNext() {
        return next < rows;
    }

    Order next() {
        long i = next++;
        LocalDateTime created = plusMillis(createsStart, i * createStepMillis + random.nextLong(createStepMillis));
        LocalDateTime updated = plusMillis(updatesStart, random.nextLong(UPDATE_SPAN.toMillis()));
        long cents = 50 + random.nextLong(200_000);
        return new Order(idBase + i + 1, 1 + random.nextLong(250_000), pick(STATUSES),
                cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100, pick(CURRENCIES), note(), payload(),
                created, updated);
    }

    private static LocalDateTime plusMillis(LocalDateTime t, long millis) {
        return t.plusNanos(millis * 1_000_000L);
    }

    private String note() {
        if (random.nextInt(5) == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int words = 2 + random.nextInt(8);
        for (int w = 0; w < words; w++) {
            sb.append(w == 0 ? "" : " ").append(pick(WORDS));
        }
        return sb.toString();
    }

    private String payload() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"customer\":{\"id\":").append(1 + random.nextInt(250_000))
                .append(",\"tier\":\"").append(pick(TIERS))
                .append("\",\"country\":\"").append(pick(COUNTRIES))
                .append("\",\"segment\":\"").append(pick(SEGMENTS)).append("\"},\"items\":[");
        appendItems(sb, random);
        return sb.append("],\"channel\":\"").append(pick(CHANNELS))
                .append("\",\"gift\":").append(random.nextInt(10) == 0).append('}').toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** 1-5 order items as JSON objects (sku, qty, price), comma-separated, for a payload's {@code items} array. */
    static void appendItems(StringBuilder sb, java.util.random.RandomGenerator random) {
        int items = 1 + random.nextInt(5);
        for (int k = 0; k < items; k++) {
            int cents = 99 + random.nextInt(20_000);
            sb.append(k == 0 ? "" : ",")
                    .append("{\"sku\":\"SKU-").append(10_000 + random.nextInt(90_000))
                    .append("\",\"qty\":").append(1 + random.nextInt(4))
                    .append(",\"price\":").append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "").append(cents % 100)
                    .append('}');
        }
    }
}
