package io.github.herokupg.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.herokupg.test.server.SharedHerokuPostgres;
import jakarta.servlet.Filter;

import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webhook in an application secured by Spring Security, with the rule README shows:
 * the path permitted and exempt from CSRF, since the HMAC signature is its
 * authentication. Without the exemption Spring Security refuses every delivery.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class WebhookSecurityTests {

	private static final String SECRET = "whsec-security";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("DATABASE_URL=" + SharedHerokuPostgres.newRole("secured").databaseUrl(),
				"heroku.postgres.webhook.enabled=true", "heroku.postgres.webhook.secret=" + SECRET);

	@Test
	void signedDeliveriesPassTheRuleThatReadmeShows() {
		this.runner.withUserConfiguration(SecuredApplication.class).run((context) -> {
			MockMvc mvc = mvc(context);
			byte[] body = ReleaseWebhookTests.release("evt-secured", "Set DATABASE_URL config vars", Instant.now());
			mvc.perform(post("/heroku/webhooks").contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.header("Heroku-Webhook-Hmac-SHA256", ReleaseWebhookTests.sign(body, SECRET)))
				.andExpect(status().isOk())
				.andExpect(content().json("{\"outcome\":\"refreshed\"}"));
			mvc.perform(post("/heroku/webhooks").contentType(MediaType.APPLICATION_JSON).content(body))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist("WWW-Authenticate"))
				.andExpect(content().string(""));
			mvc.perform(get("/notes")).andExpect(status().isUnauthorized()).andExpect(header().exists("WWW-Authenticate"));
			mvc.perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{}".getBytes(StandardCharsets.UTF_8)))
				.andExpect(status().isForbidden());
		});
	}

	@Test
	void withoutTheCsrfExemptionEveryDeliveryIsRefused() {
		this.runner.withUserConfiguration(PermittedButNotExempt.class).run((context) -> {
			byte[] body = ReleaseWebhookTests.release("evt-csrf", "Set DATABASE_URL config vars", Instant.now());
			mvc(context)
				.perform(post("/heroku/webhooks").contentType(MediaType.APPLICATION_JSON)
					.content(body)
					.header("Heroku-Webhook-Hmac-SHA256", ReleaseWebhookTests.sign(body, SECRET)))
				.andExpect(status().isForbidden());
		});
	}

	private static MockMvc mvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context)
			.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	static class SecuredApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/heroku/webhooks")
				.permitAll()
				.anyRequest()
				.authenticated())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/heroku/webhooks"))
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	/**
	 * The same rule without the CSRF exemption.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	static class PermittedButNotExempt {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

}
