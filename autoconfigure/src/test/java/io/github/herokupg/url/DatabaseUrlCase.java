package io.github.herokupg.url;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code database-urls/database-url-cases.tsv}: a connection string with the
 * fields libpq parses from it, or the reason it must be refused.
 *
 * @param id the case id, for example {@code L01}
 * @param input the connection string
 * @param kind {@code uri}, {@code kv} or {@code invalid}
 * @param hosts the expected {@code host:port} list
 * @param database the expected database, empty when not given
 * @param user the expected user, empty when not given
 * @param password the expected password, empty when not given
 * @param params the other libpq keywords as {@code k=v;k=v}
 * @param notes the rule behind the case
 */
record DatabaseUrlCase(String id, String input, String kind, String hosts, String database, String user,
		String password, String params, String notes) {

	static List<DatabaseUrlCase> load() {
		try (InputStream stream = DatabaseUrlCase.class.getResourceAsStream("/database-urls/database-url-cases.tsv");
				BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			List<DatabaseUrlCase> cases = new ArrayList<>();
			reader.readLine();
			String line;
			while ((line = reader.readLine()) != null) {
				String[] columns = line.split("\t", -1);
				cases.add(new DatabaseUrlCase(columns[0], unescape(columns[1]), columns[2], unescape(columns[3]),
						unescape(columns[4]), unescape(columns[5]), unescape(columns[6]), unescape(columns[7]),
						columns[8]));
			}
			return cases;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean accepted() {
		return !this.kind.equals("invalid");
	}

	/** Whether libpq accepts the string and the row lists what it parses. */
	boolean policyRejection() {
		return this.notes.startsWith("POLICY-P") && !this.hosts.isEmpty() && !this.database.contains("\\x");
	}

	private static String unescape(String column) {
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < column.length(); i++) {
			char ch = column.charAt(i);
			if (ch == '\\' && i + 1 < column.length()) {
				char next = column.charAt(i + 1);
				switch (next) {
					case '\\' -> result.append('\\');
					case 't' -> result.append('\t');
					case 'n' -> result.append('\n');
					case 'r' -> result.append('\r');
					default -> result.append(ch).append(next);
				}
				i++;
			}
			else {
				result.append(ch);
			}
		}
		return result.toString();
	}

	@Override
	public String toString() {
		return this.id + " " + this.kind;
	}

}
