package io.github.herokupg.url;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads libpq's keyword/value form ({@code host=h port=5432 dbname=d user=u
 * password='p w' sslmode=require}) as libpq's {@code conninfo_parse} does: settings
 * separated by white space, optional blanks around {@code =}, single quotes for values
 * with spaces, backslash escapes, no percent-decoding. Error messages never quote a value.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class KeywordValueConnectionStringParser {

	private final String text;

	private int position;

	KeywordValueConnectionStringParser(String text) {
		this.text = text;
	}

	Map<String, String> parse() {
		Map<String, String> keywords = new LinkedHashMap<>();
		String previous = "";
		while (true) {
			skipSpaces();
			if (this.position >= this.text.length()) {
				return keywords;
			}
			int start = this.position;
			while (this.position < this.text.length() && this.text.charAt(this.position) != '='
					&& !isSpace(this.text.charAt(this.position))) {
				this.position++;
			}
			String keyword = this.text.substring(start, this.position);
			skipSpaces();
			if (this.position >= this.text.length() || this.text.charAt(this.position) != '=') {
				throw new ConnectionStringSyntaxException("missing '=' after a keyword: it is neither a "
						+ "postgres:// URI nor keyword=value settings (quote values containing spaces: password='a b')");
			}
			this.position++;
			skipSpaces();
			String value = readValue();
			if (!ParameterTranslation.isAccepted(keyword) || keyword.equals("ssl")) {
				throw unknownKeyword(keyword, previous);
			}
			KeywordStore.store(keywords, keyword, value);
			previous = keyword;
		}
	}

	private static ConnectionStringSyntaxException unknownKeyword(String keyword, String previous) {
		if (previous.endsWith("password")) {
			// an unquoted password with a space makes its second half look like a keyword
			return new ConnectionStringSyntaxException("invalid connection option after " + previous
					+ " (quote values containing spaces: password='a b')");
		}
		return new ConnectionStringSyntaxException("invalid connection option "
				+ ConnectionStringSyntaxException.quote(keyword) + ": neither libpq nor pgjdbc knows it");
	}

	private String readValue() {
		StringBuilder value = new StringBuilder();
		boolean quoted = this.position < this.text.length() && this.text.charAt(this.position) == '\'';
		if (quoted) {
			this.position++;
		}
		while (true) {
			if (this.position >= this.text.length()) {
				if (quoted) {
					throw new ConnectionStringSyntaxException("unterminated quoted string in a keyword=value setting");
				}
				return value.toString();
			}
			char ch = this.text.charAt(this.position);
			if (!quoted && isSpace(ch)) {
				return value.toString();
			}
			this.position++;
			if (ch == '\\') {
				if (this.position < this.text.length()) {
					value.append(this.text.charAt(this.position++));
				}
			}
			else if (quoted && ch == '\'') {
				return value.toString();
			}
			else {
				value.append(ch);
			}
		}
	}

	private void skipSpaces() {
		while (this.position < this.text.length() && isSpace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private static boolean isSpace(char ch) {
		return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\u000B' || ch == '\f';
	}

}
