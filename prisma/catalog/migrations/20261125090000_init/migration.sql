-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "QualityTrigger" AS ENUM ('SCHEDULE', 'ON_DEMAND');

-- CreateTable
CREATE TABLE "QualityRun" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "trigger" "QualityTrigger" NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "criticalFailures" INTEGER NOT NULL,
    "warnings" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "QualityRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QualityResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "observed" DOUBLE PRECISION,
    "checkedRows" INTEGER,
    "message" TEXT NOT NULL,

    CONSTRAINT "QualityResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QualityRun_productId_startedAt_idx" ON "QualityRun"("productId", "startedAt");

-- CreateIndex
CREATE INDEX "QualityRun_startedAt_idx" ON "QualityRun"("startedAt");

-- CreateIndex
CREATE INDEX "QualityResult_runId_idx" ON "QualityResult"("runId");

-- CreateIndex
CREATE INDEX "QualityResult_ruleId_idx" ON "QualityResult"("ruleId");

-- AddForeignKey
ALTER TABLE "QualityResult" ADD CONSTRAINT "QualityResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QualityRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
