package io.github.herokupg.observation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's tracing (Brave): a refresh is a trace whose fetch span holds the
 * validating login's span, and the refresh's log line carries that trace's ids in its
 * MDC, as Boot's own log lines do.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RefreshTracingTests {

	@TempDir
	Path directory;

	private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				DataSourceAutoConfiguration.class, ObservationAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.interval=0",
				"heroku.postgres.refresh.min-interval=0", "management.tracing.sampling.probability=1.0")
		.withBean(SpanHandler.class, () -> new SpanHandler() {

			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				RefreshTracingTests.this.spans.add(span);
				return true;
			}

		});

	@Test
	void aRefreshIsATraceAndItsLogLineCarriesTheTraceContext() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("traced");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		Logger logger = (Logger) LoggerFactory.getLogger(DatabaseCredentials.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		try {
			this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
				Files.writeString(file, role.rotate().databaseUrl());
				assertThat(context.getBean(DatabaseCredentials.class).refresh().outcome()).isEqualTo(Outcome.CHANGED);
			});
		}
		finally {
			logger.detachAppender(logged);
		}
		MutableSpan fetch = span("heroku-postgres credentials fetch");
		MutableSpan validation = span("heroku-postgres credentials validation");
		assertThat(fetch.tags()).containsEntry("endpoint", "direct")
			.containsEntry("source", "file")
			.containsEntry("outcome", "changed");
		assertThat(validation.traceId()).isEqualTo(fetch.traceId());
		assertThat(validation.parentId()).isEqualTo(fetch.id());
		ILoggingEvent changed = logged.list.stream()
			.filter((event) -> event.getFormattedMessage().startsWith("Database credentials changed"))
			.findFirst()
			.orElseThrow();
		assertThat(changed.getMDCPropertyMap()).containsEntry("traceId", fetch.traceId())
			.containsEntry("spanId", fetch.id());
	}

	private MutableSpan span(String name) {
		return this.spans.stream()
			.filter((span) -> name.equals(span.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + this.spans));
	}

}
