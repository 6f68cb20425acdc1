-- The municipal directory's database beside the conversations' (compose.yml).
CREATE DATABASE samen_services OWNER samen;
