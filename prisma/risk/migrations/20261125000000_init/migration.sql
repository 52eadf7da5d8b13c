-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RiskGrade" AS ENUM ('A', 'B', 'C', 'D', 'E');

-- CreateEnum
CREATE TYPE "AssessmentSubject" AS ENUM ('CUSTOMER', 'LOAN_APPLICATION');

-- CreateTable
CREATE TABLE "RiskAssessment" (
    "id" TEXT NOT NULL,
    "subject" "AssessmentSubject" NOT NULL,
    "customerId" TEXT NOT NULL,
    "loanApplicationId" TEXT,
    "assessedAt" TIMESTAMPTZ(3) NOT NULL,
    "creditScore" INTEGER NOT NULL,
    "riskGrade" "RiskGrade" NOT NULL,
    "probabilityOfDefault" DECIMAL(6,5) NOT NULL,
    "debtToIncomeRatio" DECIMAL(6,4),
    "modelVersion" TEXT NOT NULL,
    "reasons" TEXT[],

    CONSTRAINT "RiskAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RiskAssessment_customerId_assessedAt_idx" ON "RiskAssessment"("customerId", "assessedAt");

-- CreateIndex
CREATE INDEX "RiskAssessment_loanApplicationId_idx" ON "RiskAssessment"("loanApplicationId");

-- CreateIndex
CREATE INDEX "RiskAssessment_assessedAt_id_idx" ON "RiskAssessment"("assessedAt", "id");

-- CreateIndex
CREATE INDEX "RiskAssessment_riskGrade_idx" ON "RiskAssessment"("riskGrade");
