package dev.freshet.checker.run;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which replica wrote an execution log row. */
@ApplicationScoped
public class InstanceId {

    private final String value;

    public InstanceId(CheckerConfig config) {
        this.value = config.instanceId().filter(s -> !s.isBlank()).orElseGet(InstanceId::hostAndPid);
    }

    public String value() {
        return value;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "checker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
