package dev.freshet.tracker.guard;

import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a call comes from on the network: the peer address, or the address a trusted proxy forwarded
 * (Quarkus reads {@code X-Forwarded-For}/{@code Forwarded} only from {@code quarkus.http.proxy.trusted-proxies}).
 * An IPv6 address stands for its /64: one subscriber line holds a whole /64, so rotating within it
 * must not make a caller new.
 */
@Startup
@ApplicationScoped
public class ClientAddress {

    /** An IPv4 address, a bracketed IPv6 address (each with an optional port), or a CIDR of either. */
    private static final Pattern ADDRESS_OR_CIDR = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+])(:\\d{1,5})?|[0-9a-fA-F:.]+/\\d{1,3}|\\[[0-9a-fA-F:.]+]/\\d{1,3}");

    public ClientAddress(@ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false") boolean forwarding,
                         @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trusted) {
        // Quarkus trusts every peer when forwarding is on and no proxy is listed: anyone could pick an address
        if (forwarding && trusted.map(List::isEmpty).orElse(true)) {
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is on but no trusted proxy is listed "
                    + "(FRESHET_TRACKER_TRUSTED_PROXIES, addresses or CIDRs): every caller could choose its own address");
        }
        List<String> notAddresses = trusted.orElse(List.of()).stream().map(String::strip).filter(p -> !ADDRESS_OR_CIDR.matcher(p).matches()).toList();
        if (forwarding && !notAddresses.isEmpty()) {
            // Quarkus resolves a host name entry by DNS on every forwarded request, on the event loop, and reads
            // an IPv6 address without brackets as host:port, so 0:0:0:0:0:0:0:1 becomes a DNS query per request
            throw new IllegalStateException("quarkus.http.proxy.trusted-proxies (FRESHET_TRACKER_TRUSTED_PROXIES) lists " + notAddresses
                    + ", which is not an address or a CIDR: give IPv4 addresses, IPv6 addresses in brackets ([::1]) or CIDRs "
                    + "(10.0.0.0/8, fd00::/8); a host name would be looked up by DNS on every forwarded request");
        }
    }

    /** The caller's address as a rate-limit key: IPv4 as is, IPv6 as its /64 prefix. */
    public static String of(HttpServerRequest request) {
        if (request == null || request.remoteAddress() == null || request.remoteAddress().hostAddress() == null) {
            return "unknown";
        }
        return key(request.remoteAddress().hostAddress());
    }

    static String key(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            byte[] b = InetAddress.getByName(host).getAddress();
            if (b.length != 16) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
