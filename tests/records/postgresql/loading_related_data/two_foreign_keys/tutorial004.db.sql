BEGIN TRANSACTION;
CREATE TABLE hero (
	id serial NOT NULL,
	name character varying NOT NULL,
	secret_name character varying NOT NULL,
	age integer,
	team_id integer,
	former_team_id integer,
	CONSTRAINT hero_pkey PRIMARY KEY (id),
	CONSTRAINT hero_former_team_id_fkey FOREIGN KEY (former_team_id) REFERENCES team(id),
	CONSTRAINT hero_team_id_fkey FOREIGN KEY (team_id) REFERENCES team(id)
);
INSERT INTO "hero" VALUES(1,'Deadpond','Dive Wilson',NULL,1,2);
INSERT INTO "hero" VALUES(2,'Rusty-Man','Tommy Sharp',NULL,1,NULL);
CREATE TABLE team (
	id serial NOT NULL,
	name character varying NOT NULL,
	headquarters character varying NOT NULL,
	CONSTRAINT team_pkey PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Preventers','Sharp Tower');
INSERT INTO "team" VALUES(2,'Z-Force','Sister Margaret''s Bar');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
