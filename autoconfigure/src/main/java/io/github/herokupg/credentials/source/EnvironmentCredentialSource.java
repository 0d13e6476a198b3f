package io.github.herokupg.credentials.source;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Reads the connection string from the Spring {@link Environment}: an environment
 * variable such as {@code DATABASE_URL}, a system property or an application property.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class EnvironmentCredentialSource implements CredentialSource {

	private final Environment environment;

	private final String variable;

	/**
	 * Create a new source.
	 * @param environment the environment to read
	 * @param variable the name of the variable
	 */
	public EnvironmentCredentialSource(Environment environment, String variable) {
		this.environment = environment;
		this.variable = variable;
	}

	@Override
	public String fetch() {
		String value = this.environment.getProperty(this.variable);
		if (!StringUtils.hasText(value)) {
			throw new ConnectionStringNotSetException(this.variable);
		}
		return value;
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		Map<String, String> others = new LinkedHashMap<>();
		for (String variable : variables) {
			String value = this.environment.getProperty(variable);
			if (StringUtils.hasText(value)) {
				others.put(variable, value);
			}
		}
		return new ConnectionStrings(fetch(), others);
	}

	@Override
	public String type() {
		return "env";
	}

	@Override
	public String location() {
		return this.variable;
	}

}
