package io.shardlake.connectors.testing;

import java.util.Map;

/**
 * Where a test database server listens and how to log in as a user that may create databases.
 *
 * @param host        host name or address
 * @param port        TCP port
 * @param user        user allowed to create and drop databases
 * @param password    that user's password, empty for none
 * @param description where the server comes from, for log lines and failure messages
 */
public record ServerEndpoint(String host, int port, String user, String password, String description) {

    /**
     * The endpoint named by {@code <prefix>HOST}, {@code PORT}, {@code USER} and {@code PASSWORD}
     * in {@code env}, each falling back to a default (host 127.0.0.1, empty password).
     */
    static ServerEndpoint fromEnvironment(Map<String, String> env, String prefix, int defaultPort, String defaultUser) {
        String host = env.getOrDefault(prefix + "HOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault(prefix + "PORT", String.valueOf(defaultPort)));
        String user = env.getOrDefault(prefix + "USER", defaultUser);
        String password = env.getOrDefault(prefix + "PASSWORD", "");
        return new ServerEndpoint(host, port, user, password, "local server " + host + ":" + port);
    }

    /** Names of the variables {@link #fromEnvironment} reads, for messages that tell how to set them. */
    static String variableNames(String prefix) {
        return prefix + "HOST, " + prefix + "PORT, " + prefix + "USER, " + prefix + "PASSWORD";
    }
}
