package io.github.herokupg.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The hot-path operation the pool benchmarks measure: borrow, {@code SELECT 1}, return.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class Queries {

	private Queries() {
	}

	static int selectOne(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

}
