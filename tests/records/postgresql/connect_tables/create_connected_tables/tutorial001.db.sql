BEGIN TRANSACTION;
CREATE TABLE hero (
	id SERIAL NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	age INTEGER,
	team_id INTEGER,
	CONSTRAINT hero_pkey PRIMARY KEY (id),
	CONSTRAINT hero_team_id_fkey FOREIGN KEY(team_id) REFERENCES team (id)
);
CREATE TABLE team (
	id SERIAL NOT NULL,
	name VARCHAR NOT NULL,
	headquarters VARCHAR NOT NULL,
	CONSTRAINT team_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
