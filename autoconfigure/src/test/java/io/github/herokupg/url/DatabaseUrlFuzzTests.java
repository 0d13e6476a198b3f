package io.github.herokupg.url;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link DatabaseUrl#parse}: whatever the input, it either parses or throws an
 * {@link InvalidDatabaseUrlException} whose message does not contain the password.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class DatabaseUrlFuzzTests {

	private static final String SYNTAX = "abcdehlopqrstuvwxyz:/?#&=%@[],.'\\ +-_\t\n0123456789";

	@Property(tries = 3000)
	void anyStringParsesOrFailsCleanly(@ForAll String input) {
		parseOrInvalid(input, null);
	}

	@Property(tries = 5000)
	void mutatedConnectionStringsNeverRevealThePassword(@ForAll("mutatedConnectionStrings") Mutated mutated) {
		parseOrInvalid(mutated.input(), mutated.password());
	}

	private static void parseOrInvalid(String input, String password) {
		try {
			DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", input);
			assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://").doesNotContain("password");
			if (password != null) {
				assertThat(url.toString()).doesNotContain(password);
				assertThat(url.jdbcUrl()).doesNotContain(password);
			}
		}
		catch (InvalidDatabaseUrlException ex) {
			assertThat(ex.getMessage()).startsWith("DATABASE_URL ");
			if (password != null) {
				assertThat(ex.getMessage()).doesNotContain(password);
				assertThat(ex.getReason()).doesNotContain(password);
			}
		}
	}

	@Provide
	Arbitrary<Mutated> mutatedConnectionStrings() {
		Arbitrary<String> passwords = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(12).ofMaxLength(24);
		Arbitrary<String> fragments = Arbitraries.strings().withChars(SYNTAX).ofMaxLength(30);
		Arbitrary<String> templates = Arbitraries.of("postgres://user:%s@host:5432/db",
				"postgresql://user:%s@h1:1,[::1]:2/db?sslmode=require&application_name=x",
				"host=h port=5432 dbname=d user=u password='%s' sslmode=require", "host=h password=%s",
				"postgres://:%s@host/db", "postgres://u:%s@host/db?password=%s");
		return Combinators.combine(templates, passwords, fragments, fragments, Arbitraries.integers().between(0, 200))
			.as((template, password, insert, append, at) -> {
				String base = template.replace("%s", password);
				int position = Math.min(at, base.length());
				return new Mutated(base.substring(0, position) + insert + base.substring(position) + append, password);
			});
	}

	record Mutated(String input, String password) {

	}

}
