BEGIN TRANSACTION;
CREATE TABLE hero (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	age INTEGER,
	PRIMARY KEY (id)
);
CREATE TABLE heroteamlink (
	team_id INTEGER NOT NULL,
	hero_id INTEGER NOT NULL,
	PRIMARY KEY (team_id, hero_id),
	FOREIGN KEY(team_id) REFERENCES team (id),
	FOREIGN KEY(hero_id) REFERENCES hero (id)
);
CREATE TABLE team (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	headquarters VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
