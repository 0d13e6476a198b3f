package io.github.herokupg.slices;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * An entity of the JPA slice test.
 */
@Entity
class Greeting {

	@Id
	@GeneratedValue
	private Long id;

	private String text;

	protected Greeting() {
	}

	Greeting(String text) {
		this.text = text;
	}

	Long getId() {
		return this.id;
	}

	String getText() {
		return this.text;
	}

}
