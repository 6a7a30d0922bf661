BEGIN TRANSACTION;
CREATE TABLE hero (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	weapon_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(weapon_id) REFERENCES weapon (id)
);
CREATE TABLE weapon (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
