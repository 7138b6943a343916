import express from "express";
import axios from "axios";

const app = express();
app.use(express.json());

const crm = axios.create({ baseURL: "https://crm.internal/api" });

app.post("/hooks/signup", async (req, res) => { // expect: misused-promise
  const { email, plan } = req.body as { email: string; plan: string };
  const { data } = await crm.post("/contacts", { email, plan }); // expect: missing-timeout
  res.status(201).json({ contactId: data.id });
});

app.post("/hooks/churn", (req, res) => {
  crm.post("/events", { type: "churn", email: req.body.email }).then(() => { // expect: then-without-catch
    res.sendStatus(204);
  });
});

export default app;
