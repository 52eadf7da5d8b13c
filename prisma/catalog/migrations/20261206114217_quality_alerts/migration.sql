-- CreateTable
CREATE TABLE "QualityAlert" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "openedByRunId" TEXT NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedByRunId" TEXT,
    "openKey" TEXT,
    "lastRunId" TEXT NOT NULL,
    "lastCheckedAt" TIMESTAMPTZ(3) NOT NULL,
    "observed" DOUBLE PRECISION,
    "checkedRows" INTEGER,
    "message" TEXT NOT NULL,

    CONSTRAINT "QualityAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QualityAlert_openKey_key" ON "QualityAlert"("openKey");

-- CreateIndex
CREATE INDEX "QualityAlert_productId_openedAt_idx" ON "QualityAlert"("productId", "openedAt");

-- CreateIndex
CREATE INDEX "QualityAlert_openedAt_idx" ON "QualityAlert"("openedAt");
