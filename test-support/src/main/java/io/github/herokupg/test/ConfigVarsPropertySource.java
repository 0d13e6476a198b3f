package io.github.herokupg.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The config vars of a {@link HerokuPostgresDatabase}, read live: after a rotation or a
 * move the application's next read of {@code DATABASE_URL} gets the new value, as a
 * credential source that re-reads its config var does on Heroku.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ConfigVarsPropertySource extends EnumerablePropertySource<HerokuPostgresDatabase> {

	/** The name of the property source. */
	static final String NAME = "herokuPostgresConfigVars";

	/** Boot's test slices replace the application's {@code DataSource} unless told not to. */
	private static final String TEST_DATABASE_REPLACE = "spring.test.database.replace";

	private final List<String> variables;

	private final Map<String, String> fixed;

	private ConfigVarsPropertySource(HerokuPostgresDatabase database, List<String> variables,
			Map<String, String> fixed) {
		super(NAME, database);
		this.variables = List.copyOf(variables);
		this.fixed = Map.copyOf(fixed);
	}

	/**
	 * Return the config vars for a test's context, with the slices told to keep the
	 * starter's {@code DataSource}.
	 * @param database the database
	 * @param variables the config vars the test asked for
	 * @return the property source
	 */
	static ConfigVarsPropertySource forTests(HerokuPostgresDatabase database, List<String> variables) {
		return new ConfigVarsPropertySource(database, variables, Map.of(TEST_DATABASE_REPLACE, "none"));
	}

	/**
	 * Return the config vars for an application run at development time.
	 * @param database the database
	 * @param variables the config vars
	 * @return the property source
	 */
	static ConfigVarsPropertySource forDevelopment(HerokuPostgresDatabase database, List<String> variables) {
		return new ConfigVarsPropertySource(database, variables, Map.of());
	}

	@Override
	public String[] getPropertyNames() {
		Map<String, String> names = new LinkedHashMap<>();
		this.variables.forEach((variable) -> names.put(variable, variable));
		this.fixed.keySet().forEach((name) -> names.put(name, name));
		return names.keySet().toArray(String[]::new);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		if (this.variables.contains(name)) {
			return getSource().configVars().get(name);
		}
		return this.fixed.get(name);
	}

}
