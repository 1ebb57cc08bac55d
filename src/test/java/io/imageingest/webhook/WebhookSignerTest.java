package io.imageingest.webhook;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {

    @Test
    void matchesTheStandardWebhooksReferenceSignature() {
        // The example published with the Standard Webhooks specification's reference libraries.
        WebhookSigner signer = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsNothingWithoutASecretAndRejectsMalformedOnes() {
        assertThat(WebhookSigner.of("")).isNull();
        assertThat(WebhookSigner.of(null)).isNull();
        assertThatThrownBy(() -> WebhookSigner.of("secret")).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSigner.of("whsec_!!!")).hasMessageContaining("base64");
    }
}
