package dev.freshet.processor.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.UUID;

/** This instance's name in claims, history and circuit state. */
@ApplicationScoped
public class InstanceId {

    private final String value;

    public InstanceId(ProcessorConfig config) {
        this.value = config.processor().instanceId().orElseGet(InstanceId::generate);
    }

    public String value() {
        return value;
    }

    private static String generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "processor";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
