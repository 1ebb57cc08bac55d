package io.imageingest.demo;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DemoEnvironmentTest {

    private final DemoEnvironment processor = new DemoEnvironment();

    @Test
    void changesNothingWithoutTheDemoProfile() {
        MockEnvironment env = new MockEnvironment().withProperty("server.port", "9000");

        processor.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("app.outbound.allow-list")).isNull();
        assertThat(env.getProperty("server.port")).isEqualTo("9000");
    }

    @Test
    void allowListsTheServicesOwnLoopbackPortOnly() {
        MockEnvironment env = new MockEnvironment().withProperty("server.port", "9000");
        env.setActiveProfiles("demo");

        processor.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("app.outbound.allow-list")).isEqualTo("127.0.0.1:9000");
    }

    @Test
    void keepsConfiguredEntriesAndDefaultsTo8080() {
        MockEnvironment env = new MockEnvironment().withProperty("app.outbound.allow-list", "10.0.0.0/8");
        env.setActiveProfiles("demo");

        processor.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("app.outbound.allow-list")).isEqualTo("10.0.0.0/8,127.0.0.1:8080");
    }

    @Test
    void choosesAConcretePortForPortZero() {
        MockEnvironment env = new MockEnvironment().withProperty("server.port", "0");
        env.setActiveProfiles("demo");

        processor.postProcessEnvironment(env, new SpringApplication());

        int port = env.getProperty("server.port", Integer.class);
        assertThat(port).isBetween(1, 65535);
        assertThat(env.getProperty("app.outbound.allow-list")).isEqualTo("127.0.0.1:" + port);
    }
}
