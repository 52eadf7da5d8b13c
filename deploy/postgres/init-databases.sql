-- Runs once, when the PostgreSQL volume is first created: every data product gets its own database,
-- owned by POSTGRES_USER. Services migrate their own database when they start.
CREATE DATABASE mesh_customers;
CREATE DATABASE mesh_transactions;
CREATE DATABASE mesh_loans;
CREATE DATABASE mesh_risk;
CREATE DATABASE mesh_marketing;
CREATE DATABASE mesh_audit;
CREATE DATABASE mesh_catalog;
