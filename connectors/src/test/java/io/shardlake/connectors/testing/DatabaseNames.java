package io.shardlake.connectors.testing;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Names for per-class test databases: {@code sl_<class initials>_<random>}, such as
 * {@code sl_msst_k3x9qa} for {@code MySqlShardsTest}. The initials tell a leftover database's
 * owner; the random part keeps parallel builds (CI and a developer on one server) apart.
 */
final class DatabaseNames {

    /** Letters, digits and underscores only, so names never need quoting in MySQL or PostgreSQL. */
    private static final Pattern SAFE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_LENGTH = 6;
    private static final int MAX_INITIALS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseNames() {
    }

    static String uniquePrefix(Class<?> testClass) {
        return uniquePrefix(testClass, null);
    }

    /** {@code sl_<area>_<random>} when an area (lower-case letters and digits) is given, so a part of the project owns its names. */
    static String uniquePrefix(Class<?> testClass, String area) {
        if (area != null && !area.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("area must be 1-12 lower-case letters or digits, was '" + area + "'");
        }
        StringBuilder name = new StringBuilder("sl_").append(area != null ? area : initials(testClass.getSimpleName())).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }

    static String requireSafe(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe database name: " + name);
        }
        return name;
    }

    private static String initials(String simpleName) {
        StringBuilder initials = new StringBuilder();
        for (char c : simpleName.toCharArray()) {
            if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && initials.length() < MAX_INITIALS) {
                initials.append(Character.toLowerCase(c));
            }
        }
        return initials.length() > 0 ? initials.toString() : "t";
    }
}
