package io.github.herokupg.credentials.source;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.herokupg.credentials.Secrets;
import org.jspecify.annotations.Nullable;

/**
 * Runs a command (through the system shell) whose standard output is the connection
 * string, for example {@code heroku config:get DATABASE_URL -a my-app}. Output in the
 * shell format of {@code heroku config --shell} ({@code NAME=value} lines, values
 * optionally quoted) names several config vars at once. A non-zero exit, a timeout or
 * empty output is a failed fetch whose message carries the standard error, masked. On a
 * timeout the command and every process it started are stopped; output beyond 64 KiB
 * fails the fetch. Only the program name is shown as the location.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CommandCredentialSource implements CredentialSource {

	private static final int MAX_STDERR = 300;

	private static final Pattern SHELL_LINE = Pattern.compile("([A-Z_][A-Z0-9_]*)=(.*)");

	private final String command;

	private final String variable;

	private final Duration timeout;

	private final Executor readers;

	/**
	 * Create a new source for {@code DATABASE_URL}.
	 * @param command the command line
	 * @param timeout how long the command may run
	 * @param readers runs the readers of the command's output
	 */
	public CommandCredentialSource(String command, Duration timeout, Executor readers) {
		this(command, "DATABASE_URL", timeout, readers);
	}

	/**
	 * Create a new source.
	 * @param command the command line
	 * @param variable the config var whose value to take from shell-format output
	 * @param timeout how long the command may run
	 * @param readers runs the readers of the command's output
	 */
	public CommandCredentialSource(String command, String variable, Duration timeout, Executor readers) {
		this.command = command;
		this.variable = variable;
		this.timeout = timeout;
		this.readers = readers;
	}

	@Override
	public String fetch() {
		return fetchWith(List.of()).primary();
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		String output = run();
		Map<String, String> shellFormat = shellFormat(output);
		if (shellFormat == null) {
			return new ConnectionStrings(output, Map.of());
		}
		String primary = shellFormat.get(this.variable);
		if (primary == null || primary.isBlank()) {
			throw new CredentialSourceException("command printed config vars but no " + this.variable);
		}
		Map<String, String> others = new LinkedHashMap<>();
		for (String other : variables) {
			String value = shellFormat.get(other);
			if (value != null && !value.isBlank()) {
				others.put(other, value);
			}
		}
		return new ConnectionStrings(primary, others);
	}

	/**
	 * Read {@code NAME=value} lines, or return {@code null} when the output is a
	 * connection string rather than config vars.
	 */
	private static @Nullable Map<String, String> shellFormat(String output) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : output.strip().split("\\R")) {
			if (line.isBlank()) {
				continue;
			}
			Matcher matcher = SHELL_LINE.matcher(line.strip());
			if (!matcher.matches()) {
				return null;
			}
			values.put(matcher.group(1), unquote(matcher.group(2).strip()));
		}
		return values.isEmpty() ? null : values;
	}

	private static String unquote(String value) {
		boolean quoted = value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')
				&& value.charAt(value.length() - 1) == value.charAt(0);
		return quoted ? value.substring(1, value.length() - 1) : value;
	}

	private String run() {
		ChildProcess child = ChildProcess.start(shell(), this.readers);
		try {
			ChildProcess.Result result = child.await(this.timeout);
			if (result.stdout().overflowed() || result.stderr().overflowed()) {
				throw new CredentialSourceException("command printed more than " + ChildProcess.MAX_OUTPUT / 1024
						+ " KiB; a connection string is far shorter");
			}
			if (result.exitValue() != 0) {
				throw new CredentialSourceException("command exited with status " + result.exitValue() + ": "
						+ abbreviate(Secrets.maskConnectionStrings(result.stderr().text().strip())));
			}
			String output = result.stdout().text();
			if (output.isBlank()) {
				throw new CredentialSourceException("command printed nothing");
			}
			return output;
		}
		catch (ChildProcess.TimeoutException ex) {
			throw new CredentialSourceException("command timed out after " + this.timeout.toMillis()
					+ "ms; it and every process it started were stopped");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CredentialSourceException("interrupted while running the command; it and every process it "
					+ "started were stopped");
		}
		finally {
			child.stop();
		}
	}

	private List<String> shell() {
		return System.getProperty("os.name", "").startsWith("Windows") ? List.of("cmd.exe", "/c", this.command)
				: List.of("/bin/sh", "-c", this.command);
	}

	private static String abbreviate(String text) {
		return (text.length() > MAX_STDERR) ? text.substring(0, MAX_STDERR) + "..." : text;
	}

	@Override
	public String type() {
		return "command";
	}

	/**
	 * Return the program the command runs, without its arguments (which may carry a
	 * token) and without leading variable assignments ({@code PGPASSWORD=… heroku …}).
	 */
	@Override
	public String location() {
		for (String word : this.command.strip().split("\\s+")) {
			if (!word.contains("=")) {
				return word;
			}
		}
		return "(command)";
	}

}
