package io.shardlake.engine.benchmark;

import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * The rows of the dimension-change benchmark, the same for the same sizes and {@code end}: a
 * {@code customers} dimension and an {@code orders} fact pointing at it, shaped like production.
 * Both tables' {@code updated_at} is uniform over {@link OrderGenerator#UPDATE_SPAN} before
 * {@code end} and independent of {@code id}. {@code customer_id} is skewed: customer
 * {@link #HOT_CUSTOMER} owns exactly {@code hotOrders} orders, spread evenly over the ids, the other
 * customers share the rest uniformly at random. Customer attributes are ~200 bytes of text, an
 * order's payload ~300 bytes of JSON.
 */
final class JoinRowGenerator {

    /** The customer owning the hot orders. */
    static final long HOT_CUSTOMER = 1;

    record Customer(long id, String tier, String country, String attributes, LocalDateTime updatedAt) {
    }

    record Order(long id, long customerId, String status, String amount, String payload, LocalDateTime updatedAt) {
    }

    private static final String[] STATUSES = {"placed", "paid", "paid", "shipped", "shipped", "delivered", "cancelled", "refunded"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "BR", "JP", "ES", "IT", "NL", "PL", "SE", "MX"};
    private static final String[] SEGMENTS = {"consumer", "consumer", "small_business", "enterprise"};
    private static final String[] CHANNELS = {"web", "ios", "android", "store"};
    private static final String[] CITIES = {"Berlin", "Lyon", "Austin", "Leeds", "Recife", "Osaka", "Sevilla", "Torino", "Utrecht"};
    private static final String[] CARRIERS = {"dhl", "ups", "dpd", "gls", "correos", "yamato"};

    private final SplittableRandom random;
    private final LocalDateTime updatesStart;
    private final long spanMillis = OrderGenerator.UPDATE_SPAN.toMillis();

    /** {@code salt} separates the two tables' random streams. */
    private JoinRowGenerator(long salt, LocalDateTime end) {
        this.random = new SplittableRandom(0x10ad5eedL * 31 + salt);
        this.updatesStart = end.minus(OrderGenerator.UPDATE_SPAN);
    }

    static JoinRowGenerator customers(LocalDateTime end) {
        return new JoinRowGenerator(1, end);
    }

    static JoinRowGenerator orders(LocalDateTime end) {
        return new JoinRowGenerator(2, end);
    }

    /** Customer {@code id} (from 1). */
    Customer customer(long id) {
        StringBuilder a = new StringBuilder(256);
        a.append("{\"segment\":\"").append(pick(SEGMENTS)).append("\",\"email\":\"customer").append(id).append("@example.com\"")
                .append(",\"phone\":\"+").append(10 + random.nextInt(89)).append(' ').append(100_000_000 + random.nextInt(899_999_999))
                .append("\",\"address\":{\"street\":\"").append(1 + random.nextInt(400)).append(" Long Example Street\",\"city\":\"")
                .append(pick(CITIES)).append("\",\"zip\":\"").append(10_000 + random.nextInt(89_999)).append("\"},\"marketing\":")
                .append(random.nextBoolean()).append(",\"since\":").append(2000 + random.nextInt(26)).append('}');
        return new Customer(id, pick(TIERS), pick(COUNTRIES), a.toString(), updatedAt());
    }

    /** Order {@code id} (from 1) of {@code orders}, of which {@code hotOrders} belong to {@link #HOT_CUSTOMER}. */
    Order order(long id, long orders, long hotOrders, int customers) {
        long i = id - 1;
        // exactly hotOrders ids make floor(i * hot / orders) step up, evenly spread
        boolean hot = (i + 1) * hotOrders / orders > i * hotOrders / orders;
        long customer = hot ? HOT_CUSTOMER : HOT_CUSTOMER + 1 + random.nextLong(customers - 1);
        long cents = 50 + random.nextLong(200_000);
        return new Order(id, customer, pick(STATUSES), cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100, payload(),
                updatedAt());
    }

    private LocalDateTime updatedAt() {
        return updatesStart.plusNanos(random.nextLong(spanMillis) * 1_000_000L);
    }

    private String payload() {
        StringBuilder sb = new StringBuilder(384);
        sb.append("{\"channel\":\"").append(pick(CHANNELS)).append("\",\"items\":[");
        OrderGenerator.appendItems(sb, random);
        return sb.append("],\"shipping\":{\"carrier\":\"").append(pick(CARRIERS)).append("\",\"tracking\":\"")
                .append(Long.toString(random.nextLong() >>> 1, 36)).append("\",\"city\":\"").append(pick(CITIES))
                .append("\"},\"client_ip\":\"10.").append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                .append(random.nextInt(256)).append("\",\"gift\":").append(random.nextInt(10) == 0).append('}').toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
