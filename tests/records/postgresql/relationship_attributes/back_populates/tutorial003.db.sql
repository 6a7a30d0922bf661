BEGIN TRANSACTION;
CREATE TABLE hero (
	id serial NOT NULL,
	name character varying NOT NULL,
	secret_name character varying NOT NULL,
	age integer,
	team_id integer,
	weapon_id integer,
	CONSTRAINT hero_pkey PRIMARY KEY (id),
	CONSTRAINT hero_team_id_fkey FOREIGN KEY (team_id) REFERENCES team(id),
	CONSTRAINT hero_weapon_id_fkey FOREIGN KEY (weapon_id) REFERENCES weapon(id)
);
INSERT INTO "hero" VALUES(1,'Thor','Thor Odinson',NULL,1,1);
CREATE TABLE power (
	id serial NOT NULL,
	name character varying NOT NULL,
	hero_id integer NOT NULL,
	CONSTRAINT power_pkey PRIMARY KEY (id),
	CONSTRAINT power_hero_id_fkey FOREIGN KEY (hero_id) REFERENCES hero(id)
);
INSERT INTO "power" VALUES(1,'Lightning',1);
INSERT INTO "power" VALUES(2,'Flight',1);
CREATE TABLE team (
	id serial NOT NULL,
	name character varying NOT NULL,
	headquarters character varying NOT NULL,
	CONSTRAINT team_pkey PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Avengers','Avengers Tower');
CREATE TABLE weapon (
	id serial NOT NULL,
	name character varying NOT NULL,
	CONSTRAINT weapon_pkey PRIMARY KEY (id)
);
INSERT INTO "weapon" VALUES(1,'Mjolnir');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_power_name ON power (name);
CREATE INDEX ix_team_name ON team (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
