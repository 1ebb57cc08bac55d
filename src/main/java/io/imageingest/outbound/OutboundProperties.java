package io.imageingest.outbound;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where outgoing connections (image downloads, webhooks) may go besides public addresses.
 *
 * @param allowList {@code app.outbound.allow-list}: comma-separated {@code host}, {@code IP} or
 *     {@code CIDR} entries, each optionally with {@code :port} (IPv6 in brackets, e.g.
 *     {@code [::1]:8081}, {@code [fc00::]/7}, {@code 127.0.0.1:8081}, {@code 10.0.0.0/8},
 *     {@code localhost:9000}, {@code images.internal}); empty when the property is absent.
 *     Entries are validated by {@link AddressPolicy#of(List)}.
 */
@ConfigurationProperties("app.outbound")
public record OutboundProperties(@DefaultValue List<String> allowList) {

    public OutboundProperties {
        // Blank items come from "" or stray commas ("a,,b"); they mean nothing, so drop them here.
        allowList = allowList == null ? List.of()
                : allowList.stream().filter(e -> e != null && !e.isBlank()).map(String::trim).toList();
    }

    /** The policy these properties describe; fails fast on a malformed entry. */
    public AddressPolicy policy() {
        return AddressPolicy.of(allowList);
    }
}
