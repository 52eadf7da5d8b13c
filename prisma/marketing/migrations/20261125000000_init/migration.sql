-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CampaignChannel" AS ENUM ('EMAIL', 'SOCIAL', 'SEARCH', 'DISPLAY', 'TV', 'BRANCH', 'REFERRAL');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('PLANNED', 'ACTIVE', 'COMPLETED');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "CampaignChannel" NOT NULL,
    "status" "CampaignStatus" NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "budget" DECIMAL(18,2) NOT NULL,
    "spend" DECIMAL(18,2) NOT NULL,
    "impressions" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "conversions" INTEGER NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerAcquisition" (
    "customerId" TEXT NOT NULL,
    "campaignId" TEXT,
    "channel" TEXT NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CustomerAcquisition_pkey" PRIMARY KEY ("customerId")
);

-- CreateIndex
CREATE INDEX "Campaign_startDate_id_idx" ON "Campaign"("startDate", "id");

-- CreateIndex
CREATE INDEX "CustomerAcquisition_acquiredAt_idx" ON "CustomerAcquisition"("acquiredAt");

-- CreateIndex
CREATE INDEX "CustomerAcquisition_campaignId_acquiredAt_idx" ON "CustomerAcquisition"("campaignId", "acquiredAt");

-- AddForeignKey
ALTER TABLE "CustomerAcquisition" ADD CONSTRAINT "CustomerAcquisition_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;
