package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding {@code app.outbound.allow-list} the way the application does (constructor binding). */
class OutboundPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OutboundProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void absentPropertyMeansEmptyAllowList() {
        runner.run(context -> assertThat(context.getBean(OutboundProperties.class).allowList()).isEmpty());
    }

    @Test
    void emptyPropertyMeansEmptyAllowList() {
        runner.withPropertyValues("app.outbound.allow-list=")
                .run(context -> assertThat(context.getBean(OutboundProperties.class).allowList()).isEmpty());
    }

    @Test
    void commaSeparatedValueBindsToEntries() {
        runner.withPropertyValues("app.outbound.allow-list=127.0.0.1:8081, 10.0.0.0/8,[::1]:8081,[fc00::]/7,localhost:9000")
                .run(context -> {
                    OutboundProperties props = context.getBean(OutboundProperties.class);
                    assertThat(props.allowList())
                            .containsExactly("127.0.0.1:8081", "10.0.0.0/8", "[::1]:8081", "[fc00::]/7", "localhost:9000");
                    assertThat(props.policy().describe()).hasSize(5);
                });
    }

    @Test
    void badEntrySurfacesAtPolicyCreation() {
        runner.withPropertyValues("app.outbound.allow-list=127.1")
                .run(context -> assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> context.getBean(OutboundProperties.class).policy()))
                        .hasMessageContaining("bad entry '127.1'"));
    }
}
