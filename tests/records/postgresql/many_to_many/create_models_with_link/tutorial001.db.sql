BEGIN TRANSACTION;
CREATE TABLE hero (
	id serial NOT NULL,
	name character varying NOT NULL,
	secret_name character varying NOT NULL,
	age integer,
	CONSTRAINT hero_pkey PRIMARY KEY (id)
);
CREATE TABLE heroteamlink (
	team_id integer NOT NULL,
	hero_id integer NOT NULL,
	CONSTRAINT heroteamlink_pkey PRIMARY KEY (team_id, hero_id),
	CONSTRAINT heroteamlink_hero_id_fkey FOREIGN KEY (hero_id) REFERENCES hero(id),
	CONSTRAINT heroteamlink_team_id_fkey FOREIGN KEY (team_id) REFERENCES team(id)
);
CREATE TABLE team (
	id serial NOT NULL,
	name character varying NOT NULL,
	headquarters character varying NOT NULL,
	CONSTRAINT team_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
