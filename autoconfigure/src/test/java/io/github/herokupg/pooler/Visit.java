package io.github.herokupg.pooler;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A visit, stored through JPA.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Entity
public class Visit {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String path = "";

	protected Visit() {
	}

	Visit(String path) {
		this.path = path;
	}

	public Long getId() {
		return this.id;
	}

	public String getPath() {
		return this.path;
	}

}
