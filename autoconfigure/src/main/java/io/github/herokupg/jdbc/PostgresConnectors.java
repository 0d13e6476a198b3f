package io.github.herokupg.jdbc;

/**
 * The connectors of the two kinds of endpoint, one bean: the direct one (the database
 * itself, its followers and attachments, migrations) and the pooler's (Heroku's
 * connection pooler in transaction mode, which cannot keep named server-side statements
 * between transactions).
 *
 * @param direct the connector of direct endpoints
 * @param pooler the connector of the pooler endpoint
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record PostgresConnectors(PostgresConnector direct, PostgresConnector pooler) {

	/**
	 * Return the connector of the application's pool.
	 * @param throughPooler whether the application's pool connects through the pooler
	 * @return the connector
	 */
	public PostgresConnector application(boolean throughPooler) {
		return throughPooler ? this.pooler : this.direct;
	}

}
