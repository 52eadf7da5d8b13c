-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Segment" AS ENUM ('MASS', 'AFFLUENT', 'PRIVATE', 'SMALL_BUSINESS');

-- CreateEnum
CREATE TYPE "AcquisitionChannel" AS ENUM ('BRANCH', 'WEB', 'MOBILE_APP', 'REFERRAL', 'PARTNER');

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "ssn" TEXT NOT NULL,
    "segment" "Segment" NOT NULL,
    "region" TEXT NOT NULL,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL,
    "acquisitionChannel" "AcquisitionChannel" NOT NULL,
    "acquisitionCampaignId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_email_key" ON "Customer"("email");

-- CreateIndex
CREATE INDEX "Customer_joinedAt_id_idx" ON "Customer"("joinedAt", "id");

-- CreateIndex
CREATE INDEX "Customer_lastName_firstName_id_idx" ON "Customer"("lastName", "firstName", "id");

-- CreateIndex
CREATE INDEX "Customer_segment_idx" ON "Customer"("segment");

-- CreateIndex
CREATE INDEX "Customer_region_idx" ON "Customer"("region");

-- CreateIndex
CREATE INDEX "Customer_acquisitionCampaignId_idx" ON "Customer"("acquisitionCampaignId");
