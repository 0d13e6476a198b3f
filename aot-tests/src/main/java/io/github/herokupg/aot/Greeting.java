package io.github.herokupg.aot;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;

/**
 * A greeting, stored by JPA in the table Flyway creates.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Entity
public class Greeting {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	private String text = "";

	protected Greeting() {
	}

	public Greeting(String text) {
		this.text = text;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getText() {
		return this.text;
	}

}
