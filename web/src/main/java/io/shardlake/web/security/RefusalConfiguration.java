package io.shardlake.web.security;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Refusals that happen before the controllers, in the shape of every other: the firewall's
 * ({@link FirewallRefusals}), the {@code /error} dispatch's ({@link ErrorFallbackController}) and
 * Tomcat's own ({@link ServerRefusalValve}).
 */
@Configuration(proxyBeanMethods = false)
class RefusalConfiguration {

    /** Picked up by Spring Security's {@code WebSecurity} for its firewall. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new FirewallRefusals();
    }

    /** Replaces Spring Boot's {@code BasicErrorController} (it backs off when an ErrorController exists). */
    @Bean
    ErrorFallbackController errorFallbackController(ErrorAttributes attributes, WebProperties web,
                                                    ObjectProvider<ErrorViewResolver> resolvers) {
        return new ErrorFallbackController(attributes, web.getError(), resolvers.orderedStream().toList());
    }

    /**
     * The host's error report valve becomes ours, ordered last so that it also replaces the one
     * Spring Boot adds; form posts, whose parameters Tomcat reads itself, take the request size
     * limit too (see {@link RequestSizeLimit}).
     */
    @Bean
    TomcatRefusals tomcatRefusals(SecurityProperties properties) {
        return new TomcatRefusals(properties.maxRequestBytes());
    }

    static final class TomcatRefusals implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final long maxRequestBytes;

        TomcatRefusals(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> useProblemReports((Host) context.getParent()));
            factory.addConnectorCustomizers(connector -> connector.setMaxPostSize((int) Math.min(maxRequestBytes, Integer.MAX_VALUE)));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private static void useProblemReports(Host host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new ServerRefusalValve());
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(ServerRefusalValve.class.getName()); // else the host adds Tomcat's own at start
        }
    }
}
