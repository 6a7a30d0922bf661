BEGIN TRANSACTION;
CREATE TABLE hero (
	id serial NOT NULL,
	name character varying NOT NULL,
	secret_name character varying NOT NULL,
	age integer,
	CONSTRAINT hero_pkey PRIMARY KEY (id)
);
INSERT INTO "hero" VALUES(1,'Deadpond','Dive Wilson',NULL);
INSERT INTO "hero" VALUES(2,'Rusty-Man','Tommy Sharp',48);
INSERT INTO "hero" VALUES(3,'Spider-Boy','Pedro Parqueador',NULL);
CREATE TABLE heroteamlink (
	team_id integer NOT NULL,
	hero_id integer NOT NULL,
	CONSTRAINT heroteamlink_pkey PRIMARY KEY (team_id, hero_id),
	CONSTRAINT heroteamlink_hero_id_fkey FOREIGN KEY (hero_id) REFERENCES hero(id),
	CONSTRAINT heroteamlink_team_id_fkey FOREIGN KEY (team_id) REFERENCES team(id)
);
INSERT INTO "heroteamlink" VALUES(1,1);
INSERT INTO "heroteamlink" VALUES(2,1);
INSERT INTO "heroteamlink" VALUES(2,2);
INSERT INTO "heroteamlink" VALUES(2,3);
CREATE TABLE team (
	id serial NOT NULL,
	name character varying NOT NULL,
	headquarters character varying NOT NULL,
	CONSTRAINT team_pkey PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Z-Force','Sister Margaret''s Bar');
INSERT INTO "team" VALUES(2,'Preventers','Sharp Tower');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
