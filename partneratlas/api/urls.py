from ninja import NinjaAPI

api = NinjaAPI(title="PartnerAtlas", version="1")
