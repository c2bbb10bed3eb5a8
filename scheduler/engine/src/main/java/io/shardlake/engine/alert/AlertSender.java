package io.shardlake.engine.alert;

import java.net.URI;

/** Delivers one alert. Must not throw: a failed delivery is logged, and the incident stays open (no resend). */
@FunctionalInterface
public interface AlertSender {

    void send(URI webhook, Alert alert);
}
