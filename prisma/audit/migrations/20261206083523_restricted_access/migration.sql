-- CreateTable
CREATE TABLE "RestrictedAccess" (
    "id" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "requestId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "roles" TEXT[],
    "channel" TEXT NOT NULL,
    "operationName" TEXT,
    "field" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "customerId" TEXT,

    CONSTRAINT "RestrictedAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RestrictedAccess_occurredAt_id_idx" ON "RestrictedAccess"("occurredAt", "id");

-- CreateIndex
CREATE INDEX "RestrictedAccess_customerId_occurredAt_idx" ON "RestrictedAccess"("customerId", "occurredAt");

-- CreateIndex
CREATE INDEX "RestrictedAccess_field_occurredAt_idx" ON "RestrictedAccess"("field", "occurredAt");

-- CreateIndex
CREATE INDEX "RestrictedAccess_subject_occurredAt_idx" ON "RestrictedAccess"("subject", "occurredAt");

-- CreateIndex
CREATE INDEX "RestrictedAccess_requestId_idx" ON "RestrictedAccess"("requestId");
