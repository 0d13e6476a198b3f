package io.github.herokupg.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Small JDBC helpers for tests.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Jdbc {

	private Jdbc() {
	}

	/**
	 * Run a query that returns one value, on a new connection of a data source.
	 * @param dataSource the data source
	 * @param sql the query
	 * @return the first column of the first row, as a string
	 * @throws SQLException if the query fails
	 */
	public static String queryForString(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
