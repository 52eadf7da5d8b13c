-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "AccessDenial" (
    "id" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "requestId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "roles" TEXT[],
    "channel" TEXT NOT NULL,
    "operationName" TEXT,
    "operation" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "AccessDenial_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessDenial_occurredAt_id_idx" ON "AccessDenial"("occurredAt", "id");

-- CreateIndex
CREATE INDEX "AccessDenial_subject_occurredAt_idx" ON "AccessDenial"("subject", "occurredAt");

-- CreateIndex
CREATE INDEX "AccessDenial_field_occurredAt_idx" ON "AccessDenial"("field", "occurredAt");

-- CreateIndex
CREATE INDEX "AccessDenial_requestId_idx" ON "AccessDenial"("requestId");
