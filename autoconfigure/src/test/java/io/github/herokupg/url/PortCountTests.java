package io.github.herokupg.url;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * libpq's rule that a port list has one port, or one per host: a URI's host list counts
 * its ports even when none is written, so a {@code host} parameter that changes the
 * number of hosts leaves the ports unmatched, and libpq refuses to connect.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class PortCountTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			postgresql://h1,,h3/db?host=other                      | 3 | 1
			postgres://user:pass@%2Funix%2Fso,cket/dbname?host=localhost | 2 | 1
			postgresql://h1,h2/db?host=a,b,c                        | 2 | 3
			postgresql://h1:5432,h2:5433/db?host=other              | 2 | 1
			""")
	void refusesPortsThatNoLongerMatchTheHosts(String url, int ports, int hosts) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", url))
			.satisfies((ex) -> assertThat(ex.getReason())
				.isEqualTo("could not match " + ports + " port numbers to " + hosts + " hosts"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("pass"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://h1,h2/db", "postgresql://h1,h2/db?host=a,b", "postgresql://h1/db?host=a",
			"postgresql://h1:5433/db?host=a,b" })
	void acceptsMatchingOrSinglePorts(String url) {
		assertThat(DatabaseUrl.parse("DATABASE_URL", url).hosts()).allSatisfy((host) -> assertThat(host.port())
			.isIn(5432, 5433));
	}

}
