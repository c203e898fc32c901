package dev.freshet.tracker.guard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    @Test
    void anIpv4AddressIsItsOwnKeyAndAnIpv6AddressStandsForItsSlash64() {
        assertThat(ClientAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.key("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.key("2001:0db8:0001:0002:ffff:ffff:ffff:fffe")).as("rotating within the /64 changes nothing")
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.key("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
    }

    @Test
    void forwardingWithNoTrustedProxyRefusesToStart() {
        assertThatThrownBy(() -> new ClientAddress(true, Optional.empty())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every caller could choose its own address");
        new ClientAddress(true, Optional.of(List.of("10.0.0.0/8")));
        new ClientAddress(false, Optional.empty());
    }

    @Test
    void trustedProxiesMustBeAddressesOrCidrsNeverNamesLookedUpOnEveryRequest() {
        new ClientAddress(true, Optional.of(List.of("127.0.0.1", "[::1]", "10.0.0.0/8", "fd00::/8", "[fd00::]/8", "192.168.1.7:8080", "[::1]:8080")));
        for (String entry : List.of("0:0:0:0:0:0:0:1", "::1", "proxy.internal", "localhost")) {
            assertThatThrownBy(() -> new ClientAddress(true, Optional.of(List.of("10.0.0.0/8", entry)))).as(entry)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lists [" + entry + "], which is not an address or a CIDR")
                    .hasMessageContaining("IPv6 addresses in brackets ([::1])");
        }
        new ClientAddress(false, Optional.of(List.of("proxy.internal")));
    }
}
